export default `tcpsleuth analyze: (help not written yet)
`;
